package dev.blitz.backend;

import dev.blitz.core.Device;

/**
 * A backend plug-in, found through {@link java.util.ServiceLoader}: a backend package names its provider in
 * {@code META-INF/services/dev.blitz.backend.BackendProvider}, and nothing else in Blitz names the package.
 */
public interface BackendProvider {
    /** {@return the kind of device whose memory this provider's backends own} */
    Device.Type deviceType();

    /**
     * Starts the backend of one device, or says why it cannot start here (a missing driver, library or
     * device). A missing native library is an answer, not an exception.
     *
     * @param index the device's index among those of its type
     * @return the started backend, or the reason there is none
     */
    Availability open(int index);

    /**
     * Either a started backend or the few words that say why there is none ("libcuda.so.1 not found").
     *
     * @param backend the backend, or null
     * @param reason why there is no backend, or null when there is one
     */
    record Availability(Backend backend, String reason) {
        /**
         * A usable backend.
         *
         * @param backend the started backend
         * @return an availability holding it
         */
        public static Availability of(Backend backend) {
            return new Availability(backend, null);
        }

        /**
         * No backend, for a reason.
         *
         * @param reason a few words, one line
         * @return an availability holding the reason
         */
        public static Availability unavailable(String reason) {
            return new Availability(null, reason);
        }

        /** {@return whether the backend started} */
        public boolean usable() {
            return backend != null;
        }
    }
}
