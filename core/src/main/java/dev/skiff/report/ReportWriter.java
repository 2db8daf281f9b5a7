package dev.skiff.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a {@link RunReport} as JSON, atomically, so that CI never reads half a report. */
final class ReportWriter {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .addModule(new SimpleModule()
          .addSerializer(Namespace.class, ToStringSerializer.instance)
          .addSerializer(Tag.class, ToStringSerializer.instance)
          .addSerializer(Digest.class, ToStringSerializer.instance))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private ReportWriter() {}

  static String toJson(RunReport report) throws IOException {
    return JSON.writeValueAsString(report);
  }

  static void write(RunReport report, Path file) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path partial = Files.createTempFile(folder, "." + file.getFileName(), ".part");
    try {
      Files.writeString(partial, toJson(report) + "\n");
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
