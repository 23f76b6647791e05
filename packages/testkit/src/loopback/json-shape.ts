const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Where `actual` (a fake's answer) strays from `reference` (the vendor's own
 * example): a field the vendor never sends, or a field of another JSON type.
 * `null` and a value are both allowed where the vendor's example has either.
 * Arrays are compared item by item against the reference's first item.
 */
export function shapeDifferences(actual: unknown, reference: unknown, path = '$'): string[] {
  const a = kind(actual);
  const r = kind(reference);
  if (a === 'null' || r === 'null') return [];
  if (a !== r) return [`${path}: ${a}, the vendor sends ${r}`];
  if (a === 'array') {
    const model = (reference as unknown[])[0];
    if (model === undefined) return [];
    return (actual as unknown[]).flatMap((item, index) => shapeDifferences(item, model, `${path}[${index}]`));
  }
  if (a !== 'object') return [];
  const ref = reference as Record<string, unknown>;
  return Object.entries(actual as Record<string, unknown>).flatMap(([key, value]) =>
    Object.hasOwn(ref, key)
      ? shapeDifferences(value, ref[key], `${path}.${key}`)
      : [`${path}.${key}: not in the vendor's example`],
  );
}
