from .attempts import AttemptQuestion, QuizAttempt
from .pages import QuizPage, QuizQuestion
from .questions import Choice, Question, QuestionCategory

__all__ = [
    "AttemptQuestion",
    "Choice",
    "Question",
    "QuestionCategory",
    "QuizAttempt",
    "QuizPage",
    "QuizQuestion",
]
