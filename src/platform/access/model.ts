/**
 * The rights model (SPEC.md, "Access rights"): per entity and action a scope, from narrowest to widest.
 * A user's rights are the union of their roles' rights: the widest scope any role grants.
 */
export const entities = ['lead', 'contact', 'company', 'deal', 'quote', 'invoice', 'product', 'report'] as const;
export const actions = ['read', 'add', 'edit', 'delete', 'export', 'import'] as const;
export const scopes = ['none', 'own', 'department', 'subdepartments', 'all'] as const;

export type Entity = (typeof entities)[number];
export type Action = (typeof actions)[number];
export type Scope = (typeof scopes)[number];

export type Matrix = Record<Entity, Record<Action, Scope>>;

export interface Rights {
  matrix: Matrix;
  maySettings: boolean;
  mayEditCatalog: boolean;
  /** May build web forms and moderate their submissions. */
  mayEditForms: boolean;
  /** May use the 1C / store exchange endpoint. */
  mayExchange: boolean;
}

export function widest(a: Scope, b: Scope): Scope {
  return scopes.indexOf(a) >= scopes.indexOf(b) ? a : b;
}

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (scopes as readonly string[]).includes(value);
}

export function filledMatrix(fill: (entity: Entity, action: Action) => Scope): Matrix {
  return Object.fromEntries(entities.map((e) => [e, Object.fromEntries(actions.map((a) => [a, fill(e, a)]))])) as Matrix;
}

export const noRights: Rights = { matrix: filledMatrix(() => 'none'), maySettings: false, mayEditCatalog: false, mayEditForms: false, mayExchange: false };

/** Records of the sales entities: those the "own/department" scopes are about. */
const salesEntities: Entity[] = ['lead', 'contact', 'company', 'deal', 'quote', 'invoice'];

/**
 * Rights of the seeded roles, given to them when they are created (an administrator may change all but
 * the Administrator's afterwards).
 */
export const seededRights: Record<'admin' | 'director' | 'head' | 'manager', Rights> = {
  admin: { matrix: filledMatrix(() => 'all'), maySettings: true, mayEditCatalog: true, mayEditForms: true, mayExchange: true },
  director: {
    matrix: filledMatrix((_e, a) => (a === 'import' ? 'none' : 'all')),
    maySettings: false,
    mayEditCatalog: false,
    mayEditForms: false,
    mayExchange: false,
  },
  head: {
    matrix: filledMatrix((e, a) => {
      if (e === 'product') return a === 'read' ? 'all' : 'none';
      if (e === 'report') return a === 'read' || a === 'export' ? 'subdepartments' : 'none';
      return a === 'import' ? 'none' : 'subdepartments';
    }),
    maySettings: false,
    mayEditCatalog: false,
    mayEditForms: false,
    mayExchange: false,
  },
  manager: {
    matrix: filledMatrix((e, a) => {
      if (e === 'product') return a === 'read' ? 'all' : 'none';
      if (e === 'report') return a === 'read' ? 'own' : 'none';
      if (!salesEntities.includes(e)) return 'none';
      return a === 'read' || a === 'add' || a === 'edit' ? 'own' : 'none';
    }),
    maySettings: false,
    mayEditCatalog: false,
    mayEditForms: false,
    mayExchange: false,
  },
};
