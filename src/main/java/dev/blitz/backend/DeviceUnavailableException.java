package dev.blitz.backend;

/** A device backend cannot start here; the message is the short reason people read ("no CUDA device"). */
public class DeviceUnavailableException extends RuntimeException {
    public DeviceUnavailableException(String reason) {
        super(reason);
    }
}
