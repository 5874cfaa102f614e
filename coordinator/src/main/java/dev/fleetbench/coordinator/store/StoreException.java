package dev.fleetbench.coordinator.store;

/** A store operation failed (disk full, corrupt file, SQL error); the transaction was rolled back. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
