package dev.blitz.backend;

/** A device backend cannot start here; the message is the short reason people read ("no CUDA device"). */
public class DeviceUnavailableException extends IllegalStateException {
    /**
     * An exception whose message is the reason alone.
     *
     * @param reason a few words, e.g. {@code no CUDA device}
     */
    public DeviceUnavailableException(String reason) {
        super(reason);
    }
}
