package io.ponybunny.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.ponybunny.llm.call.CallObserver;
import io.ponybunny.llm.routing.Route;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Traces and measures every LLM call by the OpenTelemetry GenAI conventions: one {@code CLIENT}
 * span per call, {@code chat <model>}, child of whatever span is current where the call starts (a
 * REST request's server span, a goal's work item), and the GenAI client metrics ({@link
 * GenAiMetrics}). The span covers the whole call, its retries and fallbacks included (each attempt
 * after the first is an event on it), and describes the route that served it (or failed last).
 * Prompts and answers are recorded ({@code gen_ai.input.messages}, {@code gen_ai.output.messages})
 * only with {@code ponybunny.telemetry.capture-content=true}. With the SDK disabled (the default)
 * every span and instrument is a no-op.
 */
@ApplicationScoped
public class CallTelemetry implements CallObserver {

  @Inject Instance<OpenTelemetry> openTelemetry;

  @Inject
  @ConfigProperty(name = "ponybunny.telemetry.capture-content", defaultValue = "false")
  boolean captureContent;

  private Tracer tracer;
  private GenAiMetrics metrics;
  private LongSupplier nanoTime = System::nanoTime;

  public CallTelemetry() {}

  /** For tests: calls traced on {@code telemetry}, timed by {@code nanoTime}. */
  CallTelemetry(OpenTelemetry telemetry, boolean captureContent, LongSupplier nanoTime) {
    this.captureContent = captureContent;
    this.nanoTime = nanoTime;
    use(telemetry);
  }

  @PostConstruct
  void init() {
    use(Telemetry.of(openTelemetry));
  }

  private void use(OpenTelemetry telemetry) {
    tracer = telemetry.getTracer(Telemetry.SCOPE);
    metrics = new GenAiMetrics(telemetry.getMeter(Telemetry.SCOPE));
  }

  @Override
  public Watch start(CallStart call) {
    Route first = call.routes().get(0);
    Context parent = Context.current();
    Span span =
        tracer
            .spanBuilder(GenAiAttributes.spanName(first.model()))
            .setParent(parent)
            .setSpanKind(SpanKind.CLIENT)
            .setAllAttributes(GenAiAttributes.request(call))
            .setAllAttributes(GenAiAttributes.route(first))
            .startSpan();
    if (captureContent && span.isRecording()) {
      span.setAttribute(GenAiAttributes.INPUT_MESSAGES, GenAiMessages.input(call.messages()));
    }
    return new CallSpan(span, parent.with(span), first, metrics, captureContent, nanoTime);
  }
}
