/*
 * ConvertReport: the JSON report of `azalea convert --report`
 * (docs/convert-report.md, schema "azalea.convert/1"). Field names and order
 * are part of that contract: add fields, never rename or drop them.
 */
package org.azalea.cli;

import org.azalea.elf.Hex;
import org.azalea.image.Image;
import org.azalea.image.Libos;
import org.azalea.image.SyscallSupport;
import org.azalea.report.Json;
import org.azalea.rewriter.PatchedSite;
import org.azalea.rewriter.SitePlan;
import org.azalea.rewriter.SyscallNumber;
import org.azalea.rewriter.SyscallTable;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

final class ConvertReport {
    static final String SCHEMA = "azalea.convert/1";

    private ConvertReport() {
    }

    static String render(Image image, Path output, Libos libos) {
        Json j = new Json().beginObject();
        j.field("schema", SCHEMA);
        j.field("input", image.input().toString());
        j.field("output", output.toString());
        j.field("kind", image.linkage().kind().label());
        j.hexField("appBase", image.appBase());
        j.hexField("libosBase", image.libosBase());
        j.hexField("entry", image.libosBase() + libos.address(Libos.BOOT).orElseThrow());
        j.hexField("appEntry", image.note().appEntry());
        j.hexField("trampolineStart", image.note().trampStart());
        j.hexField("trampolineEnd", image.note().trampEnd());
        j.hexField("note", image.noteSegment());
        j.key("defaults").beginObject().field("cores", image.note().defaultCores())
                .field("memory", image.note().defaultMem()).endObject();

        Map<Long, Long> trampolines = image.patched().sites().stream()
                .collect(Collectors.toMap(PatchedSite::site, PatchedSite::trampoline));
        j.key("sites").beginArray();
        for (SitePlan p : image.patched().plan().sites()) {
            j.beginObject().hexField("address", p.site().address());
            switch (p.site().number()) {
                case SyscallNumber.Known k -> j.field("resolution", "known").field("number", k.number())
                        .field("name", SyscallTable.name(k.number()).orElse(null));
                case SyscallNumber.OneOf o -> {
                    j.field("resolution", "one-of").key("numbers").beginArray();
                    o.numbers().forEach(n -> j.value(n));
                    j.endArray();
                }
                case SyscallNumber.Unknown u -> j.field("resolution", "unknown");
            }
            j.field("tactic", p.tactic().label());
            Long trampoline = trampolines.get(p.site().address());
            j.key("trampoline").value(trampoline == null ? null : Hex.of(trampoline + image.appBase()));
            j.field("reason", p.reason()).endObject();
        }
        j.endArray();

        j.key("totals").beginObject().field("sites", image.patched().plan().sites().size());
        image.patched().plan().totals().forEach(j::field);
        j.field("unknownNumber", image.unknownSites()).endObject();

        j.key("syscalls").beginArray();
        for (int n : image.possibleSyscalls()) {
            j.beginObject().field("number", n).field("name", SyscallTable.name(n).orElse(null))
                    .field("support", libos.support(n).label()).endObject();
        }
        j.endArray();
        j.key("unsupported").beginArray();
        for (int n : image.possibleSyscalls()) {
            if (libos.support(n) == SyscallSupport.NONE) {
                j.beginObject().field("number", n).field("name", SyscallTable.name(n).orElse(null)).endObject();
            }
        }
        j.endArray();
        return j.endObject().toString() + "\n";
    }
}
