package dev.skiff.internal.pipeline;

import dev.skiff.spi.BlobKey;
import java.net.URI;

/**
 * An image in storage, checked.
 *
 * @param key its content address, holding its digest
 * @param size its size in bytes
 * @param url where consumers download it
 * @param uploaded whether this run sent its bytes
 */
record ImageInStorage(BlobKey key, long size, URI url, boolean uploaded) {}
