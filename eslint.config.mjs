// Lint: ESLint's and typescript-eslint's recommended rules, for the program, the pack, the tools and the tests.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/**", "components/dist/**", "**/node_modules/**", "bin/**", "**/*.js", "**/*.mjs"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            // Policy arguments and protobuf messages are untyped JSON by nature.
            "@typescript-eslint/no-explicit-any": "off",
            // `require` is how the offline runner loads programs and packs at run time.
            "@typescript-eslint/no-require-imports": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        },
    },
    {
        // The program and its components are typed throughout; the few real exceptions are marked in place.
        files: ["index.ts", "components/**/*.ts", "programs/**/*.ts", "stacks/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "error" },
    },
);
