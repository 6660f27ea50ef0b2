import { buildField, CommonFieldOptions, EnvField, fail, ok } from '../env-field';

export interface StrOptions<C extends string> extends CommonFieldOptions<NoInfer<C>> {
  /** The only accepted values; the field's type becomes their union. */
  choices?: readonly C[];
  /** A pattern the whole value must match, described for the error message. */
  pattern?: { regex: RegExp; description: string };
}

/** A string variable, optionally limited to `choices` or a `pattern`. */
export function str<const C extends string = string>(
  options: StrOptions<C> & { optional: true },
): EnvField<C | undefined>;
export function str<const C extends string = string>(options?: StrOptions<C>): EnvField<C>;
export function str<const C extends string = string>(options: StrOptions<C> = {}): EnvField<C> {
  const { choices, pattern } = options;
  return buildField<C>(options, (raw) => {
    if (choices && !choices.includes(raw as C)) {
      return fail(`must be one of ${choices.join(', ')}`);
    }
    if (pattern && !pattern.regex.test(raw)) return fail(`must be ${pattern.description}`);
    return ok(raw as C);
  });
}
