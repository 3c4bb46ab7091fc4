#!/usr/bin/env python3
"""Renders chat templates with Jinja2 the way Hugging Face transformers renders a model's chat_template
(an ImmutableSandboxedEnvironment with trim_blocks and lstrip_blocks, a raise_exception function), and
writes reference.json for ChatTemplateReferenceTest. Needs python3 with jinja2 (3.x); see README.md."""
import json
import pathlib

from jinja2.exceptions import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[3]
COURSE = (ROOT / "src/main/resources/dev/nlulab/ml/course/chat_template.jinja").read_text()

# Templates written for this test in the styles models ship: ChatML-like turns with a default system
# message, and [INST] turns that fold a system message into the first user turn and insist on
# alternating roles (loop.index0, slicing, raise_exception, the trim filter).
CHATML_STYLE = """{%- if messages[0]['role'] != 'system' %}
{{- '<|im_start|>system\\nYou are a helpful tutor.<|im_end|>\\n' }}
{%- endif %}
{%- for message in messages %}
{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}
{%- endfor %}
{%- if add_generation_prompt %}
{{- '<|im_start|>assistant\\n' }}
{%- endif %}"""

INST_STYLE = """{{ bos_token }}
{%- if messages[0]['role'] == 'system' %}
    {%- set system = messages[0]['content'] | trim %}
    {%- set turns = messages[1:] %}
{%- else %}
    {%- set system = '' %}
    {%- set turns = messages %}
{%- endif %}
{%- for message in turns %}
    {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}
        {{- raise_exception('Roles must alternate user/assistant/user/assistant.') }}
    {%- endif %}
    {%- if message['role'] == 'user' %}
        {%- if loop.first and system != '' %}
            {{- '[INST] ' + system + '\\n\\n' + message['content'] | trim + ' [/INST]' }}
        {%- else %}
            {{- '[INST] ' + message['content'] | trim + ' [/INST]' }}
        {%- endif %}
    {%- else %}
        {{- ' ' + message['content'] | trim + eos_token }}
    {%- endif %}
{%- endfor %}"""

SYSTEM = {"role": "system", "content": "Answer with one number."}
Q1 = {"role": "user", "content": "Ann has 3 apples and buys 4 more. How many apples does she have?"}
A1 = {"role": "assistant", "content": "Ann has 3 + 4 = 7 apples. The answer is 7."}
Q2 = {"role": "user", "content": "  She eats 2. How many now?  "}
TOOL = {"role": "tool", "content": "{\"apples\": 5}"}

CASES = [
    ("course", COURSE, [Q1], True),
    ("course", COURSE, [SYSTEM, Q1, A1, Q2], True),
    ("course", COURSE, [SYSTEM, Q1, A1], False),
    ("course", COURSE, [Q1, TOOL], True),
    ("chatml-style", CHATML_STYLE, [Q1, A1, Q2], True),
    ("chatml-style", CHATML_STYLE, [SYSTEM, Q1], False),
    ("inst-style", INST_STYLE, [SYSTEM, Q1, A1, Q2], False),
    ("inst-style", INST_STYLE, [Q1, A1], False),
    ("inst-style", INST_STYLE, [Q1, Q2], False),
]


def raise_exception(message):
    raise TemplateError(message)


def render(template, messages, add_generation_prompt):
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    env.globals["raise_exception"] = raise_exception
    return env.from_string(template).render(messages=messages, add_generation_prompt=add_generation_prompt,
                                            bos_token="<s>", eos_token="</s>")


def main():
    import jinja2
    out = {"renderer": "Jinja2 " + jinja2.__version__ + ", ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)",
           "bos_token": "<s>", "eos_token": "</s>", "cases": []}
    for name, template, messages, generation in CASES:
        case = {"name": name, "template": template, "messages": messages, "add_generation_prompt": generation}
        try:
            case["prompt"] = render(template, messages, generation)
        except TemplateError as e:
            case["error"] = str(e)
        out["cases"].append(case)
    (HERE / "reference.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
