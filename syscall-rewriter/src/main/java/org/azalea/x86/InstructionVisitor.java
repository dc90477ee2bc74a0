// Receives a linear sweep's results in address order. An undecodable byte is
// reported and skipped, so a sweep resynchronises one byte further on.
package org.azalea.x86;

public interface InstructionVisitor {
    void instruction(Instruction instruction);

    void undecodable(long address);
}
