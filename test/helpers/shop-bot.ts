/** The Shop bot as a built-in mock definition: greets, tells store hours, lists products. */
export const SHOP_BOT = `name: Shop bot
welcome:
  answer: Hello! Ask any questions to the chatbot.
scenarios:
  - name: Store hours
    utterances: [store hours]
    answer: We are open every day from 10:00 to 20:00.
  - name: Products
    utterances: [products]
    answer:
      text: We have three products.
      buttons: [Product A, Product B]
`;
