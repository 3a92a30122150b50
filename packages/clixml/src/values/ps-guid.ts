/**
 * @module ps-guid
 * `<G>`: a System.Guid in the "D" form .NET writes (`792e5b37-4505-47ef-b7d2-8711bb7affa8`).
 */
import { ClixmlValueError } from '../errors.js';

const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export class PSGuid {
  /** Lowercase "D" form, as .NET's Guid.ToString() writes it. */
  readonly value: string;

  constructor(value: string) {
    const trimmed = value.trim();
    if (!GUID_PATTERN.test(trimmed)) throw new ClixmlValueError('G', value, 'expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx');
    this.value = trimmed.toLowerCase();
  }

  toString(): string {
    return this.value;
  }

  toJSON(): string {
    return this.value;
  }
}
