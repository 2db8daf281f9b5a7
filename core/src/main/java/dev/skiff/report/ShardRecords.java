package dev.skiff.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;
import dev.skiff.spi.VerificationException;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What one shard of a split run leaves for the publish that brings the shards together
 * ({@code skiff run --shard I/N --records DIR}, then {@code skiff publish --records DIR}): the
 * manifests of its share, what became of each of its recipes, and the whole run's plan, which every
 * shard computes alike and the publish compares.
 *
 * @param format {@link #FORMAT}, so that a publish refuses records it cannot read right
 * @param namespace the images' namespace
 * @param sourceCommit the source commit the shard built
 * @param shard this shard, from 1
 * @param shards how many shards the run was split into
 * @param plan every recipe of the run as {@code path -> tag @ shard}, in path order: the same on every shard
 * @param sourceTags every tag the source repository has, frozen ones included
 * @param manifests the manifests of this shard's share: built, or unchanged and carried forward
 * @param records what became of each recipe of this shard's share
 */
public record ShardRecords(String format, Namespace namespace, Optional<String> sourceCommit, int shard, int shards,
    List<String> plan, Set<Tag> sourceTags, List<Manifest> manifests, List<BuildRecord> records) {
  /** The format these records are written in, checked when they are read. */
  public static final String FORMAT = "skiff-shard-records/1";
  private static final String PREFIX = "skiff-shard-";

  /** Copies the lists. */
  public ShardRecords {
    plan = List.copyOf(plan);
    sourceTags = Set.copyOf(sourceTags);
    manifests = List.copyOf(manifests);
    records = List.copyOf(records);
  }

  /** Writes {@code skiff-shard-I-of-N.json} into {@code folder}, atomically. */
  public Path writeInto(Path folder) throws IOException {
    Path file = folder.resolve(PREFIX + shard + "-of-" + shards + ".json");
    ReportWriter.write(this, file);
    return file;
  }

  /**
   * Every shard's records in the folders (and their subfolders, as CI systems download artifacts
   * into folders of their own), in shard order.
   *
   * @throws SkiffException when a folder cannot be read or holds no records, or a file is not
   *     records this Skiff can read
   */
  public static List<ShardRecords> readAll(List<Path> folders) throws SkiffException {
    List<ShardRecords> all = new ArrayList<>();
    for (Path folder : folders) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(folder)) {
        files = walk.filter(Files::isRegularFile)
            .filter(f -> f.getFileName().toString().startsWith(PREFIX) && f.getFileName().toString().endsWith(".json"))
            .sorted().toList();
      } catch (IOException e) {
        throw new VerificationException("records " + folder + ": cannot be read: " + IoMessages.describe(e), e);
      }
      if (files.isEmpty()) {
        throw new VerificationException("records " + folder + ": no " + PREFIX + "*.json in it; give the folders the shards'"
            + " --records wrote");
      }
      for (Path file : files) {
        all.add(read(file));
      }
    }
    all.sort(Comparator.comparingInt(ShardRecords::shard));
    return all;
  }

  private static ShardRecords read(Path file) throws SkiffException {
    ShardRecords records;
    try {
      records = ReportWriter.JSON.readValue(file.toFile(), ShardRecords.class);
    } catch (JsonProcessingException e) {
      throw new VerificationException("records " + file + ": not shard records Skiff can read (" + e.getOriginalMessage()
          + ")", e);
    } catch (IOException e) {
      throw new VerificationException("records " + file + ": cannot be read: " + IoMessages.describe(e), e);
    }
    if (records == null || !FORMAT.equals(records.format())) {
      throw new VerificationException("records " + file + ": format '" + (records == null ? null : records.format())
          + "', this Skiff reads " + FORMAT);
    }
    return records;
  }
}
