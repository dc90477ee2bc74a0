// One cell of the compatibility matrix: a case (row) in one flavour and mode
// (column), with how it went and, unless it passed, why.
package org.azalea.compat;

import java.util.Objects;

record Cell(String row, String column, Status status, String detail) {
    enum Status {
        PASS, UNSUPPORTED, FAIL
    }

    Cell {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        if (status != Status.PASS && detail.isBlank()) {
            throw new IllegalArgumentException(row + " / " + column + ": a " + status + " cell must say why");
        }
    }

    /** The cell two results of the same row and column make: a failure outweighs the rest. */
    Cell merge(Cell other) {
        return other.status.compareTo(status) > 0 ? other : this;
    }
}
