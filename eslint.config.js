// `pnpm lint`: typescript-eslint's recommended rules (syntax-level, no type information: the
// typecheck is tsc's job, in the same script) over every package, plugin, test and script.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // plugins/*/assembly, packages/*/assembly: AssemblyScript (TypeScript syntax with decorators on functions and WebAssembly
  // types), checked by its own compiler at build
  { ignores: ['**/dist/**', '**/node_modules/**', 'packages/kit/templates/**', 'bench/tmp/**', '.turbo/**', 'plugins/*/assembly/**', 'packages/*/assembly/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  // CommonJS on purpose (bench/maxrss.cjs is preloaded with `node -r`)
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    rules: {
      // `_name` marks a parameter an interface requires and this implementation does not use
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
