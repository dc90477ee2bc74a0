// Thrown when bytes are not a well-formed ELF64 little-endian x86-64 file.
// Invariant: the message is one line, "FILE: offset 0x..: problem", or "FILE: problem" when no
// file offset applies (offset() == -1), and it names the offending values.
package org.azalea.elf;

import java.io.Serial;

public final class ElfFormatException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long offset;
    private final String problem;

    public ElfFormatException(String file, long offset, String problem) {
        super(format(file, offset, problem));
        this.file = file;
        this.offset = offset;
        this.problem = problem;
    }

    /** The display name of the file being read. */
    public String file() {
        return file;
    }

    /** File offset where the problem lies, or -1 when it concerns the file as a whole. */
    public long offset() {
        return offset;
    }

    /** The problem, without the file name and offset prefix. */
    public String problem() {
        return problem;
    }

    private static String format(String file, long offset, String problem) {
        String oneLine = problem.replace('\n', ' ').replace('\r', ' ');
        return offset < 0 ? file + ": " + oneLine : file + ": offset " + Hex.of(offset) + ": " + oneLine;
    }
}
