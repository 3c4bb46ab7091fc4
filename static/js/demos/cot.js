// Demo "cot": one question through Zero-Shot, Zero-Shot-CoT and Few-Shot-CoT: each prompt, the model's text, the answer read.
(window.NluDemos = window.NluDemos || { specs: {} }).specs = window.NluDemos.specs || {};
window.NluDemos.specs.cot = {
  title: 'Three ways to ask the course model',
  tryText: 'change a number in the question and see which method still gets it; replace the trigger with "Let\'s solve this carefully." or leave it out of the running by writing "Answer:"; pick another task to change the demonstrations.',
  defaults: { family: 'multiarith', trigger: "Let's think step by step.", max_tokens: 96 },
  fields: [
    { name: 'question', label: 'Question', type: 'textarea', rows: 3, wide: true },
    { name: 'trigger', label: 'Zero-Shot-CoT trigger', type: 'text', wide: true },
    { name: 'family', label: 'Task it is like (demonstrations and answer form)', type: 'select',
      options: [['multiarith', 'arithmetic, several steps'], ['gsm8k', 'grade-school word problem'], ['aqua', 'arithmetic, multiple choice'],
        ['strategyqa', 'yes/no world question'], ['coinflip', 'coin flips (yes/no)'], ['lastletters', 'last letters of words']]
        .map(([value, label]) => ({ value, label })) },
    { name: 'max_tokens', label: 'New tokens for reasoning (16 to 160)', type: 'number', min: 16, max: 160, step: 8 }
  ],
  draw(out, data, values, el) {
    const cards = data.methods.map((m) => el('div', { class: 'demo-card' },
      el('p', { class: 'demo-side-title' }, el('strong', { text: m.method })),
      el('p', { class: 'demo-note', text: 'Prompt' }), el('pre', { class: 'demo-prompt', tabindex: '0', text: m.prompt }),
      el('p', { class: 'demo-note', text: 'The model wrote' }), el('pre', { class: 'demo-completion', tabindex: '0', text: m.completion || '(nothing)' }),
      // Zero-Shot-CoT's second stage: the reasoning followed by "Therefore, the answer ... is"
      ...m.calls.slice(1).flatMap((c) => [
        el('p', { class: 'demo-note', text: 'Then asked (stage "' + c.stage + '"), after the reasoning' }),
        el('pre', { class: 'demo-prompt', tabindex: '0', text: c.prompt.slice(c.prompt.lastIndexOf('\n') + 1) }),
        el('p', { class: 'demo-note', text: 'The model wrote' }), el('pre', { class: 'demo-completion', tabindex: '0', text: c.completion || '(nothing)' })]),
      el('p', {}, 'Answer read: ', el('span', { class: 'demo-answer', text: m.answer || '(none in the ' + data.scenario + ' form)' })),
      ...(m.alternative == null ? [] : [el('p', {}, 'Read from the reasoning alone: ', el('span', { class: 'demo-answer', text: m.alternative || '(none)' }))])));
    out.replaceChildren(el('div', { class: 'demo-columns' }, ...cards),
      el('p', { class: 'demo-note', text: 'These are the Meta-CoT lab\'s own methods. Answers are read in the ' + data.scenario
        + ' form: Zero-Shot and Zero-Shot-CoT\'s second stage take the first candidate the model writes; Few-Shot-CoT reads what follows "The answer is".' }));
  }
};
