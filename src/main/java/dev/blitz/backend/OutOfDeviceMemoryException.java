package dev.blitz.backend;

/** A device allocation failed even after the allocator gave its cached memory back to the device. */
public class OutOfDeviceMemoryException extends RuntimeException {
    public OutOfDeviceMemoryException(String message) {
        super(message);
    }
}
