"""The original's stack for the bench: FastAPI + uvicorn serving POST /v1/evaluate with the
rubric evaluator (no LLM), the gates of DESIGN.md's evaluation rules 1-6: empty answer
(blank or only pleasantries) -> 0; fewer than minWords words -> at most 2; no expected
keyword (case-insensitive, simple stemming) -> at most 4; integer scores 0-10; feedback
without leading thank-you sentences, clamped to 200 characters at a word boundary.

  python3 -m uvicorn fastapi_rubric:app --workers 2 --no-access-log   (from tools/bench/baselines)

Debian's python3-fastapi (0.92) and python3-uvicorn (0.17); pydantic 1.
"""
import re
from typing import List, Optional

from fastapi import FastAPI
from pydantic import BaseModel, Extra, Field

app = FastAPI()

PLEASANTRIES = {"thank you", "thanks", "ok", "okay", "that's all", "thats all", "no", "nothing", "pass"}
THANKS = re.compile(r"^(thank you|thanks|great question)\b[^.!?]*[.!?]\s*", re.I)
WORD = re.compile(r"[a-z0-9']+")
SUFFIXES = ("ing", "ed", "es", "s", "ly")


class Question(BaseModel, extra=Extra.forbid):
    id: str
    text: str
    expectedKeywords: Optional[List[str]] = None
    minWords: int = Field(8, ge=0)


class EvaluateRequest(BaseModel, extra=Extra.forbid):
    sessionId: Optional[str] = None
    role: str
    experienceLevel: str
    question: Question
    answer: str = Field(..., max_length=20000)


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def clamp(text: str, limit: int = 200) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut).rstrip() + "\u2026"


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.post("/v1/evaluate")
def evaluate(request: EvaluateRequest):
    answer = request.answer.strip()
    normalized = re.sub(r"[^a-z' ]", "", answer.lower()).strip()
    gates = {"empty": False, "length": False, "keyword": False}
    if not answer or normalized in PLEASANTRIES:
        gates["empty"] = True
        return {"score": 0, "feedback": "No answer was given.", "strengths": [], "improvements": ["Answer the question."],
                "gates": gates, "evaluator": "rubric", "model": None}
    words = WORD.findall(answer.lower())
    stems = {stem(w) for w in words}
    keywords = request.question.expectedKeywords or []
    matched = [k for k in keywords if all(stem(w) in stems for w in WORD.findall(k.lower()))]
    score = min(10, 3 + len(words) // 12 + 2 * len(matched) + (1 if "example" in stems else 0))
    strengths, improvements = [], []
    if matched:
        strengths.append("Covers " + ", ".join(matched) + ".")
    if len(words) < request.question.minWords:
        gates["length"] = True
        score = min(score, 2)
        improvements.append("Give a fuller answer.")
    if keywords and not matched:
        gates["keyword"] = True
        score = min(score, 4)
        improvements.append("Address the key concepts of the question.")
    feedback = THANKS.sub("", f"The answer has {len(words)} words and touches {len(matched)} of {len(keywords)} key points.")
    return {"score": int(score), "feedback": clamp(feedback), "strengths": strengths, "improvements": improvements,
            "gates": gates, "evaluator": "rubric", "model": None}
