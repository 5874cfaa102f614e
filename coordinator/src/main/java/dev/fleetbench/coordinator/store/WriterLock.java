package dev.fleetbench.coordinator.store;

/**
 * The fence of a store that several coordinator processes share: at most one of them holds the writer lock, and only
 * the holder writes. The lock belongs to the holder's database session, so the database releases it the moment that
 * session ends, however the process died. Methods block; call them off the event loop.
 */
public interface WriterLock {

    /** Takes the lock if it is free; true when this store holds it now (taking it again is a no-op). */
    boolean tryLockWriter();

    /** True while the session that took the lock is alive, i.e. this store still holds it. */
    boolean holdsWriterLock();
}
