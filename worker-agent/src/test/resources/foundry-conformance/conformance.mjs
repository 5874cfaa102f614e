// Drives the Foundry Local test double with the real legacy JavaScript SDK (foundry-local-sdk 0.5.0) and the
// official openai client, exactly as an application would: discovery through `foundry` on PATH, catalog, alias
// resolution, download with progress, load, then a streamed chat on the manager's endpoint.
// Prints one JSON line with what it saw; any exception exits non-zero with its message.
import { FoundryLocalManager } from "foundry-local-sdk";
import OpenAI from "openai";

const alias = process.argv[2];
const out = {};
try {
  const manager = new FoundryLocalManager();
  await manager.startService();
  out.serviceUrl = manager.serviceUrl;
  const catalog = await manager.listCatalogModels();
  out.catalogSize = catalog.length;
  const progress = [];
  const downloaded = await manager.downloadModel(alias, undefined, undefined, false, (p) => progress.push(p));
  out.progress = progress;
  out.downloadedId = downloaded.id;
  const info = await manager.init(alias); // cached now: no download, then load
  out.resolvedId = info.id;
  out.executionProvider = info.executionProvider;
  out.cached = (await manager.listCachedModels()).map((m) => m.id);
  out.loaded = (await manager.listLoadedModels()).map((m) => m.id);
  out.cacheLocation = await manager.getCacheLocation();
  const client = new OpenAI({ baseURL: manager.endpoint, apiKey: manager.apiKey });
  const stream = await client.chat.completions.create({
    model: info.id,
    messages: [{ role: "user", content: "Once upon a time" }],
    max_tokens: 8,
    temperature: 0,
    stream: true,
  });
  let text = "";
  let chunks = 0;
  for await (const chunk of stream) {
    const piece = chunk.choices?.[0]?.delta?.content;
    if (piece) {
      text += piece;
      chunks++;
    }
  }
  out.text = text;
  out.chunks = chunks;
  await manager.unloadModel(alias, undefined, true);
  out.loadedAfterUnload = (await manager.listLoadedModels()).map((m) => m.id);
  console.log(JSON.stringify(out));
} catch (e) {
  console.error("conformance failed: " + (e && e.stack ? e.stack : e));
  console.log(JSON.stringify({ ...out, error: String(e && e.message ? e.message : e) }));
  process.exit(2);
}
