// Filling a route template's dynamic segments for the request builder.

/** "/api/users/[id]" with {id: "42"} → "/api/users/42". Empty values keep the [id] placeholder visible. */
export function fillRoute(template: string, params: Record<string, string>): string {
  return template.replace(/\[([A-Za-z_][A-Za-z0-9_]*)\]/g, (whole, name: string) => (params[name] ? encodeURIComponent(params[name]) : whole));
}
