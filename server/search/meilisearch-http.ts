// The HTTP client the Meilisearch adapter talks through: Node's own `http` with kept-alive
// connections, instead of the client library's default `fetch`.
//
// Why: with Node 20's fetch (undici), most requests on a kept-alive connection to Meilisearch
// 1.50 took 45–55 ms longer than the search itself (measured here: a query answered in 2–5 ms
// came back after ~50 ms about three times in four; with `http` and the same keep-alive, 1.5–4 ms
// every time). The pattern (a fixed ~40 ms on top, only on reused connections, only for responses
// of some size) is TCP delayed acknowledgement meeting a write split in two. Opening a connection
// per request also avoids it, but at hundreds of searches a second that leaves thousands of
// sockets in TIME_WAIT.
import http from 'node:http';
import https from 'node:https';
import type { MeiliSearchErrorResponse } from 'meilisearch';
import { MeiliSearch, MeiliSearchApiError, MeiliSearchRequestError } from 'meilisearch';

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

function headersOf(init: RequestInit | undefined): Record<string, string> {
  return Object.fromEntries(new Headers(init?.headers).entries());
}

/** fetch's signature, answering the parsed JSON body, or throwing the library's API error. */
async function request(input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<unknown> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body = typeof init?.body === 'string' ? init.body : undefined;
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: init?.method ?? 'GET',
        headers: {
          ...headersOf(init),
          ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
        },
        agent: agents[url.protocol as keyof typeof agents],
        signal: init?.signal ?? undefined,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch (error) {
            reject(
              new Error('Meilisearch answered with a body that is not JSON', { cause: error }),
            );
            return;
          }
          const status = res.statusCode ?? 500;
          if (status >= 400) {
            const response = new Response(null, { status, statusText: res.statusMessage ?? '' });
            reject(
              new MeiliSearchApiError(response, parsed as MeiliSearchErrorResponse | undefined),
            );
          } else resolve(parsed);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function createMeilisearchClient(host: string, apiKey: string | undefined): MeiliSearch {
  // Deprecated for a future version (meilisearch-js issue 1824); the version is pinned, and the
  // reason for our own client is at the top of this file.
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- see the comment above
  return new MeiliSearch({ host, apiKey, httpClient: request });
}

/** The API error behind a failed call: the library wraps what a custom client throws. */
export function apiErrorOf(error: unknown): MeiliSearchApiError | undefined {
  if (error instanceof MeiliSearchApiError) return error;
  if (error instanceof MeiliSearchRequestError && error.cause instanceof MeiliSearchApiError)
    return error.cause;
  return undefined;
}
