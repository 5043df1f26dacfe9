// Checking answers against the OpenAPI document (/api/v1/openapi.json):
//
//   const doc = openapiOf(await (await fetch(`${base}/api/v1/openapi.json`)).json());
//   doc.conforms('/units/{code}', 'get', res);   // res from api() in jjm.mjs
//
// A small validator for the parts of JSON Schema the document uses.  A $ref
// that names nothing in the document is an error, never a pass.
import assert from 'node:assert/strict';

export function openapiOf(openapi) {
  // The schema a $ref names, following refs to refs; throws on one that
  // names nothing.
  const resolve = (s) => {
    const seen = new Set();
    while (s && s.$ref) {
      const ref = s.$ref;
      if (!ref.startsWith('#/')) throw new Error(`unresolved $ref ${ref}: only local refs are supported`);
      if (seen.has(ref)) throw new Error(`$ref cycle at ${ref}`);
      seen.add(ref);
      s = ref.slice(2).split('/').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), openapi);
      if (s === undefined) throw new Error(`unresolved $ref ${ref}`);
    }
    return s;
  };

  function validate(schema, value, path = '$') {
    const errors = [];
    const check = (raw, v, p) => {
      let s;
      try {
        s = resolve(raw);
      } catch (e) {
        errors.push(`${p}: ${e.message}`);
        return;
      }
      if (!s) {
        errors.push(`${p}: no schema`);
        return;
      }
      if (v === null) {
        if (!s.nullable) errors.push(`${p}: null not allowed`);
        return;
      }
      if (s.allOf) for (const part of s.allOf) check(part, v, p);
      if (s.oneOf) {
        const ok = s.oneOf.filter((o) => validate(o, v, p).length === 0);
        if (ok.length === 0) errors.push(`${p}: matches none of oneOf`);
      }
      if (s.enum && !s.enum.includes(v)) errors.push(`${p}: ${v} not in ${s.enum}`);
      switch (s.type) {
        case 'object':
          if (typeof v !== 'object' || Array.isArray(v)) { errors.push(`${p}: not an object`); return; }
          for (const r of s.required || []) if (!(r in v)) errors.push(`${p}: missing ${r}`);
          for (const [k, sub] of Object.entries(s.properties || {})) if (k in v) check(sub, v[k], `${p}.${k}`);
          if (s.additionalProperties === false) {
            for (const k of Object.keys(v)) if (!(k in (s.properties || {}))) errors.push(`${p}: extra ${k}`);
          } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
            for (const k of Object.keys(v)) if (!(k in (s.properties || {}))) check(s.additionalProperties, v[k], `${p}.${k}`);
          }
          break;
        case 'array':
          if (!Array.isArray(v)) { errors.push(`${p}: not an array`); return; }
          v.forEach((x, i) => check(s.items, x, `${p}[${i}]`));
          break;
        case 'integer':
          if (!Number.isInteger(v)) errors.push(`${p}: ${v} is not an integer`);
          break;
        case 'number':
          if (typeof v !== 'number') errors.push(`${p}: ${v} is not a number`);
          break;
        case 'string':
          if (typeof v !== 'string') errors.push(`${p}: ${v} is not a string`);
          break;
        case 'boolean':
          if (typeof v !== 'boolean') errors.push(`${p}: not a boolean`);
          break;
        default:
      }
    };
    check(schema, value, path);
    return errors;
  }

  // Asserts that `res` ({status, body}) is a documented answer of `method
  // path` and matches its schema.
  function conforms(path, method, res) {
    const op = openapi.paths[path]?.[method];
    assert.ok(op, `${method.toUpperCase()} ${path} is documented`);
    const doc = op.responses[String(res.status)];
    assert.ok(doc, `${method.toUpperCase()} ${path} documents status ${res.status}`);
    const resolved = resolve(doc);
    const schema = resolved.content?.['application/json']?.schema;
    assert.ok(schema, `${method.toUpperCase()} ${path} ${res.status} has a JSON schema`);
    const errors = validate(schema, res.body);
    assert.deepEqual(errors, [], `${method.toUpperCase()} ${path} ${res.status} matches its schema`);
  }

  // Every $ref anywhere in the document, with where it is.
  function refs() {
    const out = [];
    const walk = (node, where) => {
      if (Array.isArray(node)) node.forEach((x, i) => walk(x, `${where}[${i}]`));
      else if (node && typeof node === 'object') {
        if (typeof node.$ref === 'string') out.push({ ref: node.$ref, where });
        for (const [k, v] of Object.entries(node)) walk(v, `${where}/${k}`);
      }
    };
    walk(openapi, '#');
    return out;
  }

  return { doc: openapi, resolve, validate, conforms, refs };
}
