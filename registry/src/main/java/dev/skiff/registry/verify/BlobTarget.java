package dev.skiff.registry.verify;

import dev.skiff.model.Digest;
import java.net.URI;

/** A blob a changed manifest points at, with what the manifest says it is. */
record BlobTarget(String path, URI url, long size, Digest digest) {}
