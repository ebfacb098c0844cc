/** A piece of a generated Go file: its body and the standard-library packages it uses. */
export interface GoFragment {
  imports: string[];
  code: string;
}
