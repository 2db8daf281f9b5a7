package dev.skiff.storage.s3;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Drops {@code x-amz-sdk-checksum-algorithm} from requests that carry the object's sha256 in
 * {@code x-amz-checksum-sha256}. S3 ignores the algorithm when a checksum value is given, but some
 * S3-compatible servers read it as "a trailer will follow" and then skip checking the value.
 * Runs before signing, so the signature covers the request as sent.
 */
final class ExplicitChecksumInterceptor implements ExecutionInterceptor {
  static final String CHECKSUM = "x-amz-checksum-sha256";
  static final String ALGORITHM = "x-amz-sdk-checksum-algorithm";

  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    SdkHttpRequest request = context.httpRequest();
    if (request.firstMatchingHeader(CHECKSUM).isPresent() && request.firstMatchingHeader(ALGORITHM).isPresent()) {
      return request.toBuilder().removeHeader(ALGORITHM).build();
    }
    return request;
  }
}
