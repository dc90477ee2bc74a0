/*
 * InspectionText: renders an Inspection for people: a summary, the segment
 * and section tables in readelf's vocabulary, every syscall site with its
 * function and number (or why the number is unknown), the raw `0f 05` byte
 * pairs that are not instructions, and the distinct syscalls at the end,
 * each with what the libOS does with it (internal, offload or none).
 */
package org.azalea.inspect;

import org.azalea.elf.Hex;
import org.azalea.elf.ProgramHeader;
import org.azalea.elf.Section;
import org.azalea.image.SyscallSupport;
import org.azalea.rewriter.RawSyscallBytes;
import org.azalea.rewriter.RewritePlan;
import org.azalea.rewriter.SitePlan;
import org.azalea.rewriter.RawSyscallBytes.Classification;
import org.azalea.rewriter.SyscallNumber;
import org.azalea.rewriter.SyscallReport;
import org.azalea.rewriter.SyscallSite;
import org.azalea.rewriter.SyscallTable;

import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

public final class InspectionText {
    private InspectionText() {
    }

    public static String render(Inspection in) {
        StringBuilder out = new StringBuilder();
        summary(out, in);
        segments(out, in);
        sections(out, in);
        sites(out, in.syscalls());
        rawBytes(out, in.syscalls());
        distinct(out, in);
        in.plan().ifPresent(plan -> plan(out, plan));
        return out.toString();
    }

    private static void summary(StringBuilder out, Inspection in) {
        LinkageReport l = in.linkage();
        RuntimeReport r = in.runtime();
        out.append(in.file()).append(": ").append(in.size()).append(" bytes\n");
        out.append(String.format("  kind        %s (%s)%n", l.kind().label(), l.reason()));
        out.append(String.format("  convertible %s%n", l.kind().convertible() ? "yes" : "no"));
        out.append(String.format("  entry       %s%n", Hex.of(in.entry())));
        out.append(String.format("  runtime     %s%s (%s)%n", r.runtime().label(), r.version().map(v -> " " + v).orElse(""),
                String.join("; ", r.evidence())));
        out.append(String.format("  symbols     %d in .symtab, %d in .dynsym%n", in.symtabSymbols(), in.dynsymSymbols()));
        out.append(String.format("  functions   %d (from %s)%n", in.functions().functions().size(), in.functions().source()));
    }

    private static void segments(StringBuilder out, Inspection in) {
        out.append(String.format("%nSegments (%d)%n", in.segments().size()));
        out.append(String.format("  %-14s %-5s %-10s %-18s %-10s %-10s %s%n",
                "type", "flags", "offset", "vaddr", "filesz", "memsz", "align"));
        for (ProgramHeader p : in.segments()) {
            out.append(String.format("  %-14s %-5s %-10s %-18s %-10s %-10s %s%n", ProgramHeader.typeName(p.type()),
                    ProgramHeader.flagLetters(p.flags()), Hex.of(p.offset()), Hex.of(p.vaddr()), Hex.of(p.filesz()),
                    Hex.of(p.memsz()), Hex.of(p.align())));
        }
    }

    private static void sections(StringBuilder out, Inspection in) {
        out.append(String.format("%nSections (%d)%n", in.sections().size()));
        out.append(String.format("  %4s %-24s %-14s %-5s %-18s %-10s %s%n",
                "[nr]", "name", "type", "flags", "addr", "offset", "size"));
        for (Section s : in.sections()) {
            out.append(String.format("  %4s %-24s %-14s %-5s %-18s %-10s %s%n", "[" + s.index() + "]", s.name(),
                    Section.typeName(s.type()), Section.flagLetters(s.flags()), Hex.of(s.addr()),
                    Hex.of(s.offset()), Hex.of(s.size())));
        }
    }

    private static void sites(StringBuilder out, SyscallReport report) {
        out.append(String.format("%nSyscall sites (%d: %d resolved, %d unknown)%n", report.sites().size(),
                report.sites().size() - report.unresolvedCount(), report.unresolvedCount()));
        for (SyscallSite site : report.sites()) {
            String where = site.function() == null ? "(no known function)"
                    : site.function().name() + "+" + Hex.of(site.address() - site.function().start());
            out.append(String.format("  %-18s %-44s %s%n", Hex.of(site.address()), where, number(site.number())));
        }
    }

    private static String number(SyscallNumber n) {
        return switch (n) {
            case SyscallNumber.Known k -> k.number() + " " + SyscallTable.name(k.number()).orElse("(not a Linux syscall)");
            case SyscallNumber.OneOf o -> "one of " + o.numbers().stream()
                    .map(x -> x + " " + SyscallTable.name(x).orElse("?")).collect(Collectors.joining(", "));
            case SyscallNumber.Unknown u -> "unknown: " + u.reason();
        };
    }

    private static void rawBytes(StringBuilder out, SyscallReport report) {
        StringJoiner parts = new StringJoiner(", ");
        for (Classification c : Classification.values()) {
            parts.add(report.count(c) + " " + c.label());
        }
        out.append(String.format("%nRaw 0f 05 byte pairs in code (%d: %s)%n", report.rawBytes().size(), parts));
        for (RawSyscallBytes raw : report.rawBytes()) {
            if (raw.classification() != Classification.INSTRUCTION) {
                out.append(String.format("  %-18s %s: %s%n", Hex.of(raw.address()), raw.classification().label(),
                        raw.detail()));
            }
        }
    }

    private static void plan(StringBuilder out, RewritePlan plan) {
        out.append(String.format("%nRewrite plan (%d sites: %s)%n", plan.sites().size(), plan.totals().entrySet()
                .stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))));
        for (SitePlan p : plan.sites()) {
            out.append(String.format("  %-18s %-6s %s%n", Hex.of(p.site().address()), p.tactic().label(), p.reason()));
        }
    }

    private static void distinct(StringBuilder out, Inspection in) {
        SyscallReport report = in.syscalls();
        Map<Integer, Integer> perNumber = report.sitesPerNumber();
        out.append(String.format("%nDistinct syscalls (%d", perNumber.size()));
        if (report.unresolvedCount() > 0) {
            out.append(String.format(", plus whatever the %d unknown sites make", report.unresolvedCount()));
        }
        out.append(")\n");
        for (Map.Entry<Integer, Integer> e : perNumber.entrySet()) {
            String sites = e.getValue() + " site" + (e.getValue() == 1 ? "" : "s");
            SyscallSupport support = in.support().get(e.getKey());
            out.append(String.format("  %4d %-24s %-9s%s%n", e.getKey(),
                    SyscallTable.name(e.getKey()).orElse("(not a Linux syscall)"), sites,
                    support == null ? "" : " libOS: " + support.label()));
        }
    }
}
