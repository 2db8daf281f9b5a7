package dev.skiff.storage.s3;

import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.SkiffException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns the SDK's exceptions into one line that says which bucket, which key, and what to do. */
final class S3Errors {
  private S3Errors() {}

  static Throwable unwrap(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  static boolean isStatus(Throwable e, int status) {
    return unwrap(e) instanceof S3Exception s3 && s3.statusCode() == status;
  }

  /**
   * @param where the object or bucket, as {@code s3://bucket/key}
   * @param doing what was being done: "storing", "checking"
   */
  static SkiffException translate(Throwable e, BucketLocation location, String where, String doing) {
    Throwable cause = unwrap(e);
    String prefix = "storage " + where + ": ";
    if (cause instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      String message = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorMessage();
      if ("NoSuchBucket".equals(code) || (s3.statusCode() == 404 && where.equals(location.toString()))) {
        return new SkiffException(prefix + "bucket '" + location.bucket() + "' does not exist; create it, or fix the"
            + " storage URI", e);
      }
      if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code) || "ExpiredToken".equals(code)
          || "InvalidToken".equals(code)) {
        return new SkiffException(prefix + "the AWS credentials were refused (" + code + "); check AWS_ACCESS_KEY_ID"
            + " and AWS_SECRET_ACCESS_KEY, or the CI role", e);
      }
      if ("AccessDenied".equals(code)) {
        return new SkiffException(prefix + "permission denied " + doing + "; the credentials need s3:GetObject and"
            + " s3:PutObject on " + location + "/*", e);
      }
      if (s3.statusCode() == 403) {
        // Answers to HEAD carry no error code: refused credentials and missing rights look alike.
        return new SkiffException(prefix + "access denied " + doing + ": the credentials were refused, or lack"
            + " s3:GetObject and s3:PutObject on " + location + "/*", e);
      }
      if ("AuthorizationHeaderMalformed".equals(code) || "PermanentRedirect".equals(code) || s3.statusCode() == 301) {
        String region = s3.awsErrorDetails() != null && s3.awsErrorDetails().sdkHttpResponse() != null
            ? s3.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region").orElse(null) : null;
        return new SkiffException(prefix + "bucket '" + location.bucket() + "' is in another region"
            + (region != null ? " (" + region + ")" : message != null ? " (" + message + ")" : "")
            + "; set storage.s3.region", e);
      }
      if ("BadDigest".equals(code) || "XAmzContentSHA256Mismatch".equals(code) || "InvalidDigest".equals(code)) {
        return new SkiffException(prefix + "the server received bytes whose checksum differs from what was sent ("
            + code + "); nothing was stored, run again", e);
      }
      return new SkiffException(prefix + doing + " failed: " + s3.statusCode()
          + (code != null ? " " + code : "") + (message != null ? ": " + message : ""), e);
    }
    if (cause instanceof ApiCallTimeoutException) {
      return new SkiffException(prefix + doing + " did not finish in time (storage.s3.timeout)", e);
    }
    if (cause instanceof SdkClientException client) {
      String message = client.getMessage() == null ? "" : client.getMessage();
      if (message.contains("Unable to load credentials")) {
        return new SkiffException(prefix + "no usable AWS credentials: " + firstSentence(message), e);
      }
      if (message.contains("Unable to unmarshall") || message.contains("Unable to parse")) {
        return new SkiffException(prefix + "the endpoint answered something that is not S3 (" + firstSentence(message)
            + "); check storage.s3.endpoint", e);
      }
      return new SkiffException(prefix + doing + " failed: cannot reach S3: " + firstSentence(message), e);
    }
    return new SkiffException(prefix + doing + " failed: " + cause, e);
  }

  private static String firstSentence(String text) {
    int end = text.indexOf(". ");
    String first = end > 0 ? text.substring(0, end) : text;
    return first.length() > 300 ? first.substring(0, 297) + "..." : first;
  }
}
