package dev.skiff.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.SourceInfo;
import dev.skiff.spi.PublishResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a run did: per recipe, what was built, skipped, uploaded or failed, and what was published.
 *
 * @param namespace the images' namespace
 * @param source the source commit and CI build
 * @param builder the builder's name
 * @param storage the storage URI
 * @param registry the registry, when one was set
 * @param records one per recipe, in path order
 * @param manifests the manifests of the images built
 * @param published what the publisher did, when it ran and succeeded
 * @param publishError why publishing failed, when it did
 * @param took how long the run took
 */
public record RunReport(
    Namespace namespace,
    SourceInfo source,
    String builder,
    String storage,
    Optional<String> registry,
    List<BuildRecord> records,
    List<Manifest> manifests,
    Optional<PublishResult> published,
    Optional<String> publishError,
    Duration took) {

  /** Copies the lists. */
  public RunReport {
    records = List.copyOf(records);
    manifests = List.copyOf(manifests);
  }

  /** True when every recipe was built or skipped and publishing, if asked for, succeeded. */
  @JsonProperty("succeeded")
  public boolean succeeded() {
    return publishError.isEmpty() && records.stream().noneMatch(r -> r.status() == BuildRecord.Status.FAILED);
  }

  /** How many recipes ended with a status. */
  public long count(BuildRecord.Status status) {
    return records.stream().filter(r -> r.status() == status).count();
  }

  /** How many images were uploaded to storage (a built image already there is not). */
  public long uploads() {
    return records.stream().filter(BuildRecord::uploaded).count();
  }

  /** The report as the JSON of {@code skiff run --report}. */
  public String toJson() throws IOException {
    return ReportWriter.toJson(this);
  }

  /** Writes the JSON report to {@code file} atomically, so that CI never reads half a report. */
  public void writeTo(Path file) throws IOException {
    ReportWriter.write(this, file);
  }
}
