// How much of each instruction a decode produces. Capstone always renders
// text, but turning its strings into Java ones halves sweep throughput, and
// detail (operands, register effects, groups) costs more again; a sweep that
// only needs lengths and ids should ask for MINIMAL.
package org.azalea.x86;

public enum Decoding {
    /** Address, bytes and instruction id. */
    MINIMAL,
    /** MINIMAL plus Capstone's mnemonic and operand text. */
    TEXT,
    /** TEXT plus InstructionDetail. */
    DETAIL
}
