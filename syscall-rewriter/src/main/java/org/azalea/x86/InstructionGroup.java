// The Capstone instruction groups the toolchain cares about (cs_group_type in
// capstone.h). Capstone only reports groups when detail is on.
package org.azalea.x86;

public enum InstructionGroup {
    JUMP(1), CALL(2), RET(3), INT(4), IRET(5), PRIVILEGE(6), BRANCH_RELATIVE(7);

    private final int capstoneId;

    InstructionGroup(int capstoneId) {
        this.capstoneId = capstoneId;
    }

    /** The cs_group_type value, which is what cs_detail.groups holds. */
    public int capstoneId() {
        return capstoneId;
    }

    /** Maps a cs_detail.groups entry; architecture-specific groups (ids >= 128) give null. */
    static InstructionGroup ofCapstoneId(int id) {
        for (InstructionGroup g : values()) {
            if (g.capstoneId == id) {
                return g;
            }
        }
        return null;
    }
}
