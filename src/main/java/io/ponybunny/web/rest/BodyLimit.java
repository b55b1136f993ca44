package io.ponybunny.web.rest;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method whose request body may not exceed {@link BodyLimitFilter#MAX_BYTES}, or,
 * with {@code completions = true}, {@code ponybunny.completions.max-body-bytes} (413 beyond).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface BodyLimit {

  /** The completions' own, larger limit instead of 64 KiB. */
  boolean completions() default false;
}
