// Thrown when libcapstone.so.4 cannot be loaded; the message says how to fix it.
package org.azalea.x86;

public final class CapstoneUnavailableException extends RuntimeException {
    public CapstoneUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
