package api

import (
	"encoding/json"
	"net/http"

	"example.com/jsonapi/todo"
)

var store todo.Store

type errorBody struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// Todos: GET lists, POST {"title": "..."} adds.
func Todos(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"items": store.List()})
	case http.MethodPost:
		var in struct {
			Title string `json:"title"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			writeJSON(w, http.StatusBadRequest, errorBody{"invalid JSON: " + err.Error()})
			return
		}
		it, err := store.Add(in.Title)
		if err != nil {
			writeJSON(w, http.StatusUnprocessableEntity, errorBody{err.Error()})
			return
		}
		w.Header().Set("Location", "/api/todos?id="+itoa(it.ID))
		writeJSON(w, http.StatusCreated, it)
	default:
		w.Header().Set("Allow", "GET, POST")
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{"method not allowed"})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
