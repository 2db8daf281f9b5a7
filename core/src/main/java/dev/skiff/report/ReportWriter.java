package dev.skiff.report;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;
import dev.skiff.support.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/** Writes reports as JSON, atomically, so that CI never reads half a report, and reads shard records back. */
final class ReportWriter {
  static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .addModule(new SimpleModule()
          .addSerializer(Namespace.class, ToStringSerializer.instance)
          .addSerializer(Tag.class, ToStringSerializer.instance)
          .addSerializer(Digest.class, ToStringSerializer.instance)
          .addDeserializer(Namespace.class, new FromString<>(Namespace.class, Namespace::parse))
          .addDeserializer(Tag.class, new FromString<>(Tag.class, Tag::of))
          .addDeserializer(Digest.class, new FromString<>(Digest.class, Digest::parse)))
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private ReportWriter() {}

  /** Reads a model value from its text form; text it refuses is bad input, named as such. */
  private static final class FromString<T> extends FromStringDeserializer<T> {
    private final Function<String, T> parse;

    FromString(Class<T> type, Function<String, T> parse) {
      super(type);
      this.parse = parse;
    }

    @Override
    protected T _deserialize(String value, DeserializationContext context) {
      return parse.apply(value);
    }
  }

  static String toJson(Object report) throws IOException {
    return JSON.writeValueAsString(report);
  }

  static void write(Object report, Path file) throws IOException {
    AtomicFiles.writeString(file, toJson(report) + "\n");
  }
}
