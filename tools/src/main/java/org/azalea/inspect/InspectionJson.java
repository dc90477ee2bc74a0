/*
 * InspectionJson: renders an Inspection as the documented JSON report
 * (docs/inspect-json.md, schema "azalea.inspect/1"). Field names and order
 * are part of that contract: add fields, never rename or drop them.
 */
package org.azalea.inspect;

import org.azalea.report.Json;
import org.azalea.elf.ProgramHeader;
import org.azalea.elf.Section;
import org.azalea.image.SyscallSupport;
import org.azalea.rewriter.RawSyscallBytes;
import org.azalea.rewriter.RewritePlan;
import org.azalea.rewriter.SitePlan;
import org.azalea.rewriter.RawSyscallBytes.Classification;
import org.azalea.rewriter.SyscallNumber;
import org.azalea.rewriter.SyscallSite;
import org.azalea.rewriter.SyscallTable;
import org.azalea.rewriter.Tactic;

import java.util.Map;

public final class InspectionJson {
    public static final String SCHEMA = "azalea.inspect/1";

    private InspectionJson() {
    }

    public static String render(Inspection in) {
        Json j = new Json().beginObject();
        j.field("schema", SCHEMA);
        j.field("file", in.file());
        j.field("size", in.size());
        j.field("kind", in.linkage().kind().label());
        j.field("convertible", in.linkage().kind().convertible());
        j.field("kindReason", in.linkage().reason());
        j.hexField("entry", in.entry());
        j.key("runtime").beginObject()
                .field("name", in.runtime().runtime().label())
                .field("version", in.runtime().version().orElse(null))
                .key("evidence").beginArray();
        in.runtime().evidence().forEach(j::value);
        j.endArray().endObject();

        j.key("segments").beginArray();
        for (ProgramHeader p : in.segments()) {
            j.beginObject().field("type", ProgramHeader.typeName(p.type()))
                    .field("flags", ProgramHeader.flagLetters(p.flags()).replace(' ', '-'))
                    .hexField("offset", p.offset()).hexField("vaddr", p.vaddr())
                    .hexField("filesz", p.filesz()).hexField("memsz", p.memsz())
                    .hexField("align", p.align()).endObject();
        }
        j.endArray();

        j.key("sections").beginArray();
        for (Section s : in.sections()) {
            j.beginObject().field("index", s.index()).field("name", s.name())
                    .field("type", Section.typeName(s.type())).field("flags", Section.flagLetters(s.flags()))
                    .hexField("addr", s.addr()).hexField("offset", s.offset()).hexField("size", s.size())
                    .endObject();
        }
        j.endArray();

        j.key("symbols").beginObject().field("symtab", in.symtabSymbols())
                .field("dynsym", in.dynsymSymbols()).endObject();
        j.key("functions").beginObject().field("source", in.functions().source())
                .field("count", in.functions().functions().size()).endObject();

        j.key("sites").beginArray();
        for (SyscallSite site : in.syscalls().sites()) {
            site(j, site);
        }
        j.endArray();

        j.key("rawSyscallBytes").beginObject();
        for (Classification c : Classification.values()) {
            j.field(camelCase(c.label()), in.syscalls().count(c));
        }
        j.key("entries").beginArray();
        for (RawSyscallBytes raw : in.syscalls().rawBytes()) {
            if (raw.classification() != Classification.INSTRUCTION) {
                j.beginObject().hexField("address", raw.address()).field("class", raw.classification().label())
                        .field("detail", raw.detail()).endObject();
            }
        }
        j.endArray().endObject();

        j.key("syscalls").beginArray();
        for (Map.Entry<Integer, Integer> e : in.syscalls().sitesPerNumber().entrySet()) {
            j.beginObject().field("number", e.getKey()).field("name", SyscallTable.name(e.getKey()).orElse(null))
                    .field("sites", e.getValue());
            SyscallSupport support = in.support().get(e.getKey());
            j.field("support", support == null ? null : support.label()).endObject();
        }
        j.endArray();
        j.field("unresolvedSites", in.syscalls().unresolvedCount());
        in.plan().ifPresent(plan -> plan(j, plan));
        return j.endObject().toString() + "\n";
    }

    private static void plan(Json j, RewritePlan plan) {
        j.key("plan").beginObject().key("totals").beginObject();
        plan.totals().forEach(j::field);
        j.endObject().key("sites").beginArray();
        for (SitePlan p : plan.sites()) {
            j.beginObject().hexField("address", p.site().address()).field("tactic", p.tactic().label());
            switch (p.tactic()) {
                case Tactic.Direct d -> j.hexField("start", d.start()).hexField("end", d.end());
                case Tactic.Hop h -> j.hexField("padding", h.padding());
                case Tactic.Trap t -> { }
            }
            j.field("reason", p.reason()).endObject();
        }
        j.endArray().endObject();
    }

    private static String camelCase(String label) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : label.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    private static void site(Json j, SyscallSite site) {
        j.beginObject().hexField("address", site.address());
        if (site.function() == null) {
            j.field("function", null).key("offset").value((String) null);
        } else {
            j.field("function", site.function().name()).field("offset", site.address() - site.function().start());
        }
        switch (site.number()) {
            case SyscallNumber.Known k -> j.field("resolution", "known").field("number", k.number())
                    .field("name", SyscallTable.name(k.number()).orElse(null));
            case SyscallNumber.OneOf o -> {
                j.field("resolution", "one-of").key("numbers").beginArray();
                for (int n : o.numbers()) {
                    j.beginObject().field("number", n).field("name", SyscallTable.name(n).orElse(null)).endObject();
                }
                j.endArray();
            }
            case SyscallNumber.Unknown u -> j.field("resolution", "unknown").field("reason", u.reason());
        }
        j.endObject();
    }
}
