/*
 * UnsupportedFeaturesTest: the link-time refusal names each missing
 * function under its feature, features in a fixed order, and names any other
 * missing function as absent from the runtime.
 */
package org.azalea.call;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnsupportedFeaturesTest {
    @Test
    void groupsByFeature() {
        assertEquals("fork, waitpid (processes: a CALL image is one process); pthread_cancel (thread cancellation)",
                UnsupportedFeatures.describe(Set.of("pthread_cancel", "waitpid", "fork")));
    }

    @Test
    void namesWhatNoFeatureCovers() {
        assertEquals("socket (sockets); frobnicate, zork (not in newlib, the OS layer or pthread-embedded)",
                UnsupportedFeatures.describe(Set.of("zork", "socket", "frobnicate")));
    }
}
