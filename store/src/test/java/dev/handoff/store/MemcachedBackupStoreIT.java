package dev.handoff.store;

/**
 * The store contract on Memcached with backupCopies: the copies, written after each write from
 * another thread, change nothing a caller of the store sees (versions, concurrent saves, finality
 * of an invalidation, expiry claimed once).
 */
class MemcachedBackupStoreIT extends MemcachedStoreIT {

  @Override
  protected StoreConfig.Builder newConfig() {
    return super.newConfig().backupCopies(true);
  }
}
