package dev.blitz.backend.cuda;

/**
 * A device allocation failed even after the allocator gave its cached memory back to the device, as PyTorch's
 * {@code torch.cuda.OutOfMemoryError}; an IllegalStateException, so the training command reports it in one line.
 */
public class OutOfDeviceMemoryException extends IllegalStateException {
    /**
     * An exception with the allocator's explanation.
     *
     * @param message what was asked for and what the device and the cache hold
     */
    public OutOfDeviceMemoryException(String message) {
        super(message);
    }
}
