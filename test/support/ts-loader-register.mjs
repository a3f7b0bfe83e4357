// `node --import ./test/support/ts-loader-register.mjs app.mjs`: registers ts-loader.mjs's hooks.
import { register } from "node:module";

register("./ts-loader.mjs", import.meta.url);
