package io.ponybunny.ingress;

import io.ponybunny.ingress.anthropic.MessagesResource;
import io.ponybunny.ingress.openai.ChatCompletionsResource;
import io.ponybunny.web.rest.BodyLimitFilter;
import io.ponybunny.web.rest.InvalidFieldsException;
import io.ponybunny.web.rest.ProblemMappers;
import io.ponybunny.web.rest.RequestQuotaFilter;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.HashSet;
import java.util.Set;

/**
 * The OpenAI- and Anthropic-compatible API under {@code /v1}, an application of its own so that its
 * errors take each API's shape ({@link IngressErrorFilter}) while it shares the API's body limits,
 * quotas and error mapping.
 */
@ApplicationPath("/v1")
public class IngressApplication extends Application {

  @Override
  public Set<Class<?>> getClasses() {
    Set<Class<?>> classes = new HashSet<>(ProblemMappers.ALL);
    classes.addAll(
        Set.of(
            MessagesResource.class,
            ChatCompletionsResource.class,
            ModelsResource.class,
            IngressErrorFilter.class,
            BodyLimitFilter.class,
            RequestQuotaFilter.class,
            InvalidFieldsException.Mapper.class));
    return classes;
  }
}
