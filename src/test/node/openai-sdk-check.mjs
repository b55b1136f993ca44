// The official npm `openai` SDK against PonyBunny's /v1, run by OpenAiNodeSdkIT: it streams,
// calls a tool, fails in the ways the IT asks for, lists the models, and prints what it saw as
// one JSON object on stdout. The SDK is resolved from webui/node_modules (webui's devDependency).
// Environment: OPENAI_BASE_URL, OPENAI_API_KEY (read by the SDK), PB_ENDPOINT (a simulator
// endpoint id, e.g. sim-anthropic).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const webui = new URL('../../../webui/package.json', import.meta.url);
let entry;
try {
  entry = createRequire(webui).resolve('openai');
} catch {
  console.error(
    'the npm package openai is not installed in webui/node_modules: run npm ci in webui/',
  );
  process.exit(3);
}
const sdk = await import(pathToFileURL(entry).href);
const OpenAI = sdk.OpenAI ?? sdk.default?.OpenAI ?? sdk.default;

const client = new OpenAI({ maxRetries: 0, timeout: 60_000 });
const endpoint = process.env.PB_ENDPOINT ?? 'sim';
const out = { sdkVersion: sdk.VERSION ?? sdk.default?.VERSION ?? null };

async function streamed(params) {
  const started = performance.now();
  const result = {
    ids: new Set(),
    models: new Set(),
    pieces: [],
    arrivalsMs: [],
    chunks: 0,
  };
  const stream = await client.chat.completions.create({
    ...params,
    stream: true,
  });
  const calls = {};
  for await (const chunk of stream) {
    result.chunks++;
    result.ids.add(chunk.id);
    result.models.add(chunk.model);
    if (chunk.usage) {
      result.usage = chunk.usage;
      result.usageChoices = chunk.choices.length;
    }
    for (const choice of chunk.choices) {
      if (choice.delta.role) {
        result.role = choice.delta.role;
      }
      if (choice.delta.content) {
        result.pieces.push(choice.delta.content);
        result.arrivalsMs.push(performance.now() - started);
      }
      for (const call of choice.delta.tool_calls ?? []) {
        const c = (calls[call.index] ??= { id: '', name: '', arguments: '' });
        c.id += call.id ?? '';
        c.name += call.function?.name ?? '';
        c.arguments += call.function?.arguments ?? '';
      }
      if (choice.finish_reason) {
        result.finishReason = choice.finish_reason;
      }
    }
  }
  return {
    ...result,
    ids: [...result.ids],
    models: [...result.models],
    content: result.pieces.join(''),
    toolCalls: Object.values(calls),
  };
}

async function failure(run) {
  try {
    await run();
    return { raised: false };
  } catch (e) {
    return {
      raised: true,
      type: e.constructor.name,
      status: e.status ?? null,
      message: e.message,
    };
  }
}

const ask = (model, content) => ({
  model,
  messages: [{ role: 'user', content }],
});

out.text = await streamed({
  ...ask(`${endpoint}/m~tokens=20~tps=10`, 'Count'),
  stream_options: { include_usage: true },
});
out.whole = await client.chat.completions.create(ask(`${endpoint}/m~tps=0`, 'Explain SSE'));

const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather of a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};
const question = 'What is the weather in Oslo?';
out.tool = await streamed({
  ...ask(`${endpoint}/m~tps=0~tool=get_weather`, question),
  tools: [weather],
});
const call = out.tool.toolCalls[0];
out.final = await streamed({
  model: `${endpoint}/m~tps=0~tokens=6`,
  tools: [weather],
  messages: [
    { role: 'user', content: question },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: call?.id,
          type: 'function',
          function: { name: call?.name, arguments: call?.arguments },
        },
      ],
    },
    {
      role: 'tool',
      tool_call_id: call?.id,
      content: 'Sunny and 21 degrees in Oslo',
    },
  ],
});

out.midStream = await failure(() =>
  streamed(ask(`${endpoint}/m~tps=0~error-after-chunks=3`, 'hi')),
);
out.unknownModel = await failure(() => client.chat.completions.create(ask('nowhere/x', 'hi')));
out.badKey = await failure(() =>
  new OpenAI({
    apiKey: 'not-a-ponybunny-key',
    maxRetries: 0,
  }).chat.completions.create(ask(`${endpoint}/m~tps=0`, 'hi')),
);
out.models = [];
for await (const model of client.models.list()) {
  out.models.push(model.id);
}

console.log(JSON.stringify(out));
