// The crisismap API as the page uses it: every request carries the key,
// every failure becomes an ApiError whose message a person can act on.

export class ApiError extends Error {
  constructor(status, message, fields = []) {
    super(message);
    this.status = status;
    this.fields = fields;
  }
}

/** "title: detail (field: message; ...)" from an RFC 9457 problem. */
function problemMessage(status, problem) {
  if (status === 401) return 'This key is not valid: it is unknown, mistyped or revoked.';
  const parts = [problem.title || `The server answered ${status}`];
  if (problem.detail) parts.push(problem.detail);
  let text = parts.join(': ');
  const fields = (problem.errors || []).map((e) => `${e.field}: ${e.message}`);
  if (fields.length) text += ` (${fields.join('; ')})`;
  return text;
}

export class Api {
  constructor(key) {
    this.key = key;
  }

  async request(method, path, body) {
    const headers = { Authorization: `Bearer ${this.key}`, Accept: 'application/json, application/geo+json, image/png' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new ApiError(0, `The server cannot be reached (${error.message}).`);
    }
    if (!response.ok) {
      let problem = {};
      try { problem = await response.json(); } catch { /* not JSON: the status says enough */ }
      throw new ApiError(response.status, problemMessage(response.status, problem), problem.errors || []);
    }
    const type = response.headers.get('content-type') || '';
    if (type.includes('json')) return response.json();
    if (type.startsWith('image/')) return response.blob();
    return response.text();
  }

  get(path, query) {
    const search = query ? `?${new URLSearchParams(query)}` : '';
    return this.request('GET', path + search);
  }

  post(path, body) {
    return this.request('POST', path, body);
  }

  /** Every page of a registry list (they answer `next_after` while more remain). */
  async allFeatures(path, query = {}) {
    const features = [];
    let after;
    for (;;) {
      const page = await this.get(path, after ? { ...query, after } : query);
      features.push(...page.features);
      if (!page.next_after) return features;
      after = page.next_after;
    }
  }

  /**
   * Server-Sent Events read with fetch, because EventSource cannot send the
   * Authorization header. Calls onEvent(name, data) per event; resolves
   * when the stream ends, rejects when it breaks.
   */
  async stream(path, onEvent, signal) {
    const response = await fetch(path, { headers: { Authorization: `Bearer ${this.key}`, Accept: 'text/event-stream' }, signal });
    if (!response.ok) throw new ApiError(response.status, `The live feed was refused (${response.status}).`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) name = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length) onEvent(name, data.join('\n'));
      }
    }
  }
}
