// The properties panel commits typed text after a pause. Saving must not
// lose what was typed just before the click, so this replacement of its
// `debounceInput` service remembers pending commits and can flush them.
const DELAY = 300;

function flushableDebounceInput() {
  const pending = new Set();

  function debounceInput(fn) {
    let timer;
    let lastThis;
    let lastArgs;

    const run = () => {
      clearTimeout(timer);
      timer = undefined;
      pending.delete(call);
      fn.apply(lastThis, lastArgs);
    };

    function call(...args) {
      lastThis = this;
      lastArgs = args;
      clearTimeout(timer);
      timer = setTimeout(run, DELAY);
      pending.add(call);
    }
    call.flush = () => {
      if (timer !== undefined) run();
    };
    call.cancel = () => {
      clearTimeout(timer);
      timer = undefined;
      pending.delete(call);
    };
    return call;
  }

  /** Runs every commit still waiting for its pause. */
  debounceInput.flushAll = () => {
    for (const call of [...pending]) call.flush();
  };

  return debounceInput;
}

export default {
  debounceInput: ["factory", flushableDebounceInput],
};
