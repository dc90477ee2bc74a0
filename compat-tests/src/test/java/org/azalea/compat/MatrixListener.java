// Runs beside the compatibility tests (registered through
// META-INF/services): shows progress on the terminal while they run, and at
// the end writes the matrix (target/matrix/matrix.md and matrix.html) and
// prints its summary line, `N passed, N failed, ...`.
// Progress counts test classes finished out of those planned, with the cells
// so far: the number of cases is known only once the test factories have run.
// On a terminal (/dev/tty) one line is redrawn; elsewhere (CI logs) a line is
// printed as each class finishes.
package org.azalea.compat;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

public final class MatrixListener implements TestExecutionListener {
    private static final int BAR_WIDTH = 30;
    private final AtomicInteger classesDone = new AtomicInteger();
    private volatile int classes;
    private volatile PrintStream tty;
    private volatile long lastDraw;

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        classes = (int) plan.countTestIdentifiers(id -> id.getSource().filter(ClassSource.class::isInstance).isPresent());
        tty = openTerminal();
        try {
            Matrix.clearSuites();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrintStream openTerminal() {
        if (System.getenv("CI") != null || "dumb".equals(System.getenv("TERM"))) {
            return null;
        }
        try {
            return new PrintStream(new FileOutputStream("/dev/tty"), true, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        boolean testClass = id.getSource().filter(ClassSource.class::isInstance).isPresent();
        if (testClass) {
            classesDone.incrementAndGet();
        }
        PrintStream t = tty;
        if (t != null) {
            long now = System.nanoTime();
            if (testClass || now - lastDraw > 200_000_000L) {
                lastDraw = now;
                t.print("\r" + progress() + "\033[K");
            }
        } else if (testClass) {
            System.out.println(progress());
        }
    }

    private String progress() {
        int done = classesDone.get(), all = Math.max(classes, 1);
        int filled = Math.min(BAR_WIDTH, done * BAR_WIDTH / all);
        MatrixReport r = new MatrixReport(Matrix.cells(), java.util.List.of());
        return "compat [" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + done + "/" + classes
                + " test classes, " + r.count(Cell.Status.PASS) + " cells passed, " + r.count(Cell.Status.FAIL) + " failed";
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (tty != null) {
            tty.print("\r\033[K");
            tty.close();
        }
        try {
            MatrixReport report = new MatrixReport(Matrix.cells(), Matrix.suites());
            if (report.allCells().isEmpty()) {
                return;
            }
            report.write(Matrix.DIR);
            System.out.println("compatibility matrix: " + report.summary() + "; " + Matrix.DIR.resolve("matrix.md")
                    + ", " + Matrix.DIR.resolve("matrix.html"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
