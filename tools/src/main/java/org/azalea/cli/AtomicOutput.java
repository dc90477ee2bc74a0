/*
 * AtomicOutput: how commands write their results: into a temporary file
 * beside the target, then renamed over it, so a reader never sees a partial
 * file and a failure leaves nothing behind. An output that would overwrite
 * the input is a usage error.
 */
package org.azalea.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

final class AtomicOutput {
    private AtomicOutput() {
    }

    /** Writes bytes to output with the given permissions (e.g. "rwxr-xr-x"), never touching input. */
    static void write(Path input, Path output, byte[] bytes, String permissions) throws CommandFailure {
        if (output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
            throw new CommandFailure(output + ": the output would overwrite the input", ExitStatus.USAGE, null);
        }
        write(output, bytes, permissions);
    }

    /** Writes bytes to output with the given permissions, for an output made from no input file. */
    static void write(Path output, byte[] bytes, String permissions) throws CommandFailure {
        Path target = output.toAbsolutePath();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
            Files.write(temporary, bytes);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the failure being reported is the first one
                }
            }
            String why = e instanceof NoSuchFileException ? "its directory does not exist"
                    : e instanceof AccessDeniedException ? "permission denied" : e.toString();
            throw new CommandFailure(output + ": cannot write: " + why, ExitStatus.CANNOT_WRITE, e);
        }
    }
}
