// Pages whose forms only talk to the JSON API (outreach, impact).
import { bindApiForms, bindDeletes } from "./common.js";

bindApiForms();
bindDeletes();
document.documentElement.dataset.ready = "1";
