// window.crm, the automation API for tests and benchmarks (docs/automation.md). Defined as soon as the page's
// scripts run; the calls answer null/{}/0 until the wasm runtime has started.
import { runtime, call, json } from './runtime.js';
import { textInputFocused } from './text_input.js';

export function installAutomation({ ready, pages, timing, shell, signIn }) {
  window.crm = {
    ready,
    signIn,
    pages,
    shell,
    itemRect: (id) => json(call('crm_automation_item', 'string', ['string'], [String(id)])),
    items: () => json(call('crm_automation_items', 'string', [], [])) || {},
    state(key) {
      // The hidden text field is the page's, not the app's: whether typed text reaches the app right now.
      const focused = textInputFocused();
      if (key === 'platform.text_input') return focused;
      const value = json(call('crm_automation_state', 'string', ['string'], [key == null ? '' : String(key)]));
      if (key == null && value) value['platform.text_input'] = focused;
      return value;
    },
    timing,
    perfReset: () => call('crm_automation_perf_reset', null, [], []),
    frame: () => (runtime.ready ? window.Module._crm_automation_frame() : 0),
    waitFrames(n = 1) {
      const target = this.frame() + Math.max(1, n);
      return new Promise((resolve) => {
        const check = () => (this.frame() >= target ? resolve(this.frame()) : requestAnimationFrame(check));
        check();
      });
    },
    // Test/bench only: `n` demo contacts (and their companies) written into the page's database; blocks
    // the page while it runs (100k take tens of seconds). Answers {ok, error?}.
    test: {
      seedContacts: (n, seed = 42) => json(call('crm_test_seed_contacts', 'string', ['number', 'number'],
                                               [Number(n), Number(seed)])),
      // Bench only: the demo pipelines and `n` deals on the page's companies (seed contacts first); blocks
      // the page while it runs. Answers {ok, error?}.
      seedDeals: (n, seed = 42) => json(call('crm_test_seed_deals', 'string', ['number', 'number'],
                                             [Number(n), Number(seed)])),
      // Test/bench only: `n` done activities of company `companyId` (a long timeline on its card); blocks the
      // page while it runs. Answers {ok, error?}.
      seedTimeline: (companyId, n) => json(call('crm_test_seed_timeline', 'string', ['string', 'number'],
                                                [String(companyId), Number(n)])),
      // One contact saved as the form would: {ok, id, seq} (seq: the page store commit holding it).
      createContact: (name) => json(call('crm_test_create_contact', 'string', ['string'], [String(name)])),
      // A read-only query on the page's database: {ok, rows: [[text|null, ...], ...]} or {ok: false, error}.
      sql: (text) => json(call('crm_test_sql', 'string', ['string'], [String(text)])),
      // Records of any entity ('activity', ...) from [{field: value}], saved through the repository in one
      // transaction: {ok, ids} or {ok: false, error} (nothing kept).
      createRecords: (entity, values) => json(call('crm_test_create_records', 'string', ['string', 'string'],
                                                   [String(entity), JSON.stringify(values)])),
    },
  };
}
