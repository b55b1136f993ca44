package io.ponybunny.web.rest;

import io.ponybunny.ManagedExecutors;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The public REST API under {@code /api}. Its classes are listed explicitly so that the simulator's
 * resources (another application, under {@code /sim}) stay out of it.
 */
@ApplicationPath("/api")
@ManagedExecutorDefinition(name = ManagedExecutors.STREAM_EXECUTOR, virtual = true)
@OpenAPIDefinition(
    info =
        @Info(
            title = "PonyBunny API",
            version = "0.1.0",
            description =
                "LLM completions streamed live to the PonyBunny console; goals for the ReAct"
                    + " agent; stream history and metrics."))
public class ApiApplication extends Application {

  @Override
  public Set<Class<?>> getClasses() {
    Set<Class<?>> classes = new HashSet<>(ProblemMappers.ALL);
    classes.addAll(
        Set.of(
            CompletionResource.class,
            ProvidersResource.class,
            ConsoleResource.class,
            GoalResource.class,
            GoalEventsResource.class,
            StreamResource.class,
            MetricsResource.class,
            AuthResource.class,
            KeyResource.class,
            UserResource.class,
            AuditResource.class,
            OpenApiResource.class,
            QuotaResource.class,
            BodyLimitFilter.class,
            RequestQuotaFilter.class,
            ConstraintViolationMapper.class,
            InvalidFieldsException.Mapper.class));
    return classes;
  }
}
