package io.ponybunny.sim;

import static io.ponybunny.sim.SimJson.obj;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The simulator's request handling, shared by the thin JAX-RS resources: config, scenario, status
 * faults, reply, encoding, pacing and observation.
 */
@ApplicationScoped
public class SimService {

  private static final String ALPHANUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Supplier<SimSettings> settings;
  private final SimRecorder recorder;
  private final SimResponder responder;
  private final SimPacer pacer;
  private final Clock clock;

  /** The CDI constructor: MicroProfile Config, real clock and sleeps. */
  public SimService() {
    this(
        SimSettings::fromConfig,
        new SimRecorder(),
        new SimResponder(),
        SimPacer.system(),
        Clock.systemUTC());
  }

  public SimService(
      Supplier<SimSettings> settings,
      SimRecorder recorder,
      SimResponder responder,
      SimPacer pacer,
      Clock clock) {
    this.settings = settings;
    this.recorder = recorder;
    this.responder = responder;
    this.pacer = pacer;
    this.clock = clock;
  }

  public SimRecorder recorder() {
    return recorder;
  }

  /** Whether the simulator is on ({@code ponybunny.simulator.enabled}). */
  public boolean enabled() {
    return settings.get().enabled();
  }

  /** The 404 answer of every {@code /sim} path while the simulator is disabled. */
  public static SimResult disabled() {
    return SimResult.text(
        404,
        "application/problem+json",
        Map.of(),
        SimJson.compact(
            obj(
                "type",
                "about:blank",
                "title",
                "Not Found",
                "status",
                404,
                "detail",
                "The built-in provider simulator is disabled ("
                    + SimSettings.ENABLED
                    + "=false).")));
  }

  /** Answers one provider request. */
  public SimResult serve(SimCall call) {
    SimSettings current = settings.get();
    if (!current.enabled()) {
      return disabled();
    }
    SimWire wire = call.wire();
    JsonObject body;
    try (JsonReader r =
        Json.createReader(new StringReader(call.rawBody() == null ? "" : call.rawBody()))) {
      JsonValue v = r.readValue();
      if (v.getValueType() != JsonValue.ValueType.OBJECT) {
        return error(wire, 400, "The request body must be a JSON object.", null);
      }
      body = v.asJsonObject();
    } catch (JsonException e) {
      return error(
          wire,
          400,
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't"
              + " using your HTTP library correctly.)",
          null);
    }
    String model = call.pathModel();
    if (model == null) {
      model = body.get("model") instanceof JsonString s ? s.getString() : null;
    }
    if (model == null || model.isBlank()) {
      return error(wire, 400, "model: Field required. You must provide a model parameter.", null);
    }
    SimScenario scenario;
    try {
      scenario = SimScenario.parse(model);
    } catch (SimScenarioException e) {
      recorder.start(model, call.headerNames()).finished();
      return error(wire, 400, e.getMessage(), null);
    }
    SimRecorder.Handle handle = recorder.start(scenario.id(), call.headerNames());
    SimPacer.Faults faults = SimPacer.Faults.of(scenario);
    if (call.invalidRequest() != null) {
      return finishedError(handle, wire.httpError(400, call.invalidRequest(), null), faults);
    }
    if (scenario.failsOn(handle.count())) {
      return finishedError(
          handle,
          wire.httpError(scenario.status(), statusMessage(scenario), scenario.retryAfter()),
          faults);
    }
    boolean stream;
    if (call.pathStream() != null) {
      stream = call.pathStream();
    } else if (isBoolean(body.get("stream"))) {
      stream = body.get("stream").getValueType() == JsonValue.ValueType.TRUE;
    } else {
      stream = call.streamDefault();
    }
    boolean includeUsage =
        body.get("stream_options") instanceof JsonObject so
            && so.get("include_usage") != null
            && so.get("include_usage").getValueType() == JsonValue.ValueType.TRUE;
    SimPrompt prompt = call.prompt().apply(body);
    SimReply reply = responder.reply(prompt, scenario);
    SimTurn turn =
        new SimTurn(
            model, prompt.promptTokens(), reply, newIdSeed(), clock.instant(), includeUsage);
    double tps = scenario.tps() != null ? scenario.tps() : current.tokensPerSecond();
    if (stream) {
      List<SimFrame> planned =
          SimPacer.plan(
              wire.streamFrames(turn),
              i -> wire.midStreamError(turn, i),
              wire.malformedFrame(turn),
              faults);
      boolean endsWithError = faults.errorAfterChunks() != null;
      return new SimResult(
          200,
          wire.streamMediaType(),
          Map.of("Cache-Control", "no-cache"),
          out -> {
            try {
              pacer.write(out, planned, endsWithError, tps, faults, handle);
            } finally {
              handle.finished();
            }
          });
    }
    SimPacer.Faults bodyFaults =
        new SimPacer.Faults(
            faults.cutAfterBytes(), null, faults.stallFirstMs(), faults.stallBetweenMs(), false);
    List<SimFrame> single = List.of(SimFrame.control(wire.completeBody(turn)));
    return new SimResult(
        200,
        "application/json",
        Map.of(),
        out -> {
          try {
            pacer.write(out, single, false, 0, bodyFaults, handle);
          } finally {
            handle.finished();
          }
        });
  }

  private SimResult finishedError(SimRecorder.Handle handle, SimHttpError e, SimPacer.Faults f) {
    List<SimFrame> single = List.of(SimFrame.control(e.body()));
    SimPacer.Faults errorFaults = new SimPacer.Faults(null, null, f.stallFirstMs(), 0, false);
    return new SimResult(
        e.status(),
        e.mediaType(),
        e.headers(),
        out -> {
          try {
            pacer.write(out, single, false, 0, errorFaults, handle);
          } finally {
            handle.finished();
          }
        });
  }

  private static SimResult error(SimWire wire, int status, String message, Integer retryAfter) {
    SimHttpError e = wire.httpError(status, message, retryAfter);
    return SimResult.text(e.status(), e.mediaType(), e.headers(), e.body());
  }

  private static boolean isBoolean(JsonValue v) {
    return v != null
        && (v.getValueType() == JsonValue.ValueType.TRUE
            || v.getValueType() == JsonValue.ValueType.FALSE);
  }

  static String statusMessage(SimScenario s) {
    String what =
        switch (s.status()) {
          case 401 -> "Incorrect API key provided.";
          case 403 -> "Permission denied.";
          case 404 -> "The model '" + s.name() + "' does not exist.";
          case 429 -> "Rate limit reached. Please try again later.";
          case 500 -> "The server had an error while processing your request.";
          case 503, 529 -> "Overloaded";
          default -> "Simulated error.";
        };
    return what + " (simulated HTTP " + s.status() + ", scenario '" + s.id() + "')";
  }

  static String newIdSeed() {
    StringBuilder sb = new StringBuilder(24);
    for (int i = 0; i < 24; i++) {
      sb.append(ALPHANUM.charAt(RANDOM.nextInt(ALPHANUM.length())));
    }
    return sb.toString();
  }
}
